"""The privacy screen's word lists, in one place: what is never flagged, and what deduce's lists lack.

Plain data, used by ``privacy.py`` (and the first two name lists also by ``privacy_deduce.py``, which
adds them to deduce's lookup lists; changing them rebuilds deduce's cache).
Everything is matched case-insensitively unless said otherwise.
"""


def _words(text: str) -> list[str]:
    """Long word lists read best as text."""
    return text.split()


# --- Never flagged ------------------------------------------------------------------------------------

# Names of the sector's organisations, programmes, books and the like. Nothing inside one of these is
# ever flagged: not "William Schrikker" as a name, not "Amsterdam" in "Jeugdbescherming Regio Amsterdam".
SECTOR_NAMES = (
    "Veilig Thuis",
    "William Schrikker Stichting",
    "William Schrikker Groep",
    "William Schrikker Jeugdbescherming",
    "William Schrikker Pleegzorg",
    "Raad voor de Kinderbescherming",
    "Leger des Heils",
    "Centrum voor Jeugd en Gezin",
    "Nederlands Jeugdinstituut",
    "Jeugdzorg Nederland",
    "Samen Veilig",
    "Present 24x7",
    "Stichting Present",
    "Oranje Fonds",
    "Kinderombudsman",
    "Kindertelefoon",
    "Zorg- en Veiligheidshuis",
    "Signs of Safety",
    "Triple P",
    "De Kleine Prins",
    "Het Klokhuis",
    "Sinterklaas",
    "Suikerfeest",
    "Offerfeest",
    "Ramadan",
    "Kerstmis",
    "Kerst",
    "Pasen",
    "Pinksteren",
    "Koningsdag",
    "Nieuwjaar",
    "Oud en Nieuw",
    "Efteling",
)

# Organisation words that may be followed by a region or a place: "Jeugdteam Utrecht Noord",
# "Jeugdbescherming Regio Amsterdam", "Veilig Thuis Utrecht", "de gemeente Zwolle". The place after
# them belongs to the organisation's name and is not flagged either (up to four capitalised words).
SECTOR_PREFIXES = (
    "Jeugdbescherming",
    "Jeugdteam",
    "Jeugdteams",
    "Wijkteam",
    "Buurtteam",
    "Sociaal Wijkteam",
    "Sociaal Team",
    "Jeugd- en Gezinsteam",
    "Veilig Thuis",
    "Samen Veilig",
    "Jeugdhulp",
    "Jeugdzorg",
    "GGD",
    "CJG",
    "GGZ",
    "Gemeente",
    "Rechtbank",
    "Regio",
    "Politie",
    "Provincie",
    "Raad voor de Kinderbescherming",
    "William Schrikker",
)

# Capitalised words that are no names even where they follow a name or a role: languages, peoples,
# apps, and the like. A finding made only of these words (and role words) is dropped.
PROPER_WORDS = (
    "Nederlands", "Nederlandse", "Nederland", "Marokkaans", "Marokkaanse", "Turks", "Turkse",
    "Surinaams", "Surinaamse", "Antilliaans", "Antilliaanse", "Pools", "Poolse", "Syrisch", "Syrische",
    "Eritrees", "Eritrese", "Somalisch", "Somalische", "Afghaans", "Afghaanse", "Arabisch", "Arabische",
    "Koerdisch", "Tigrinya", "Engels", "Engelse", "Duits", "Duitse", "Frans", "Franse", "Islam",
    "Koran", "Bijbel", "God", "Allah", "WhatsApp", "TikTok", "Snapchat", "Instagram", "YouTube",
    "Facebook", "Fortnite", "Minecraft", "Roblox", "Netflix", "Discord", "Google", "Teams", "Zoom",
    "Jeugdwet", "Wmo", "DigiD", "Sinterklaas", "Kerst", "Pasen", "Ramadan",
)  # fmt: skip

# Countries: deduce's place list has villages called "Polen" or "Frankrijk"; "komt uit Polen" is no
# place to find someone.
COUNTRIES = (
    "Nederland", "België", "Duitsland", "Frankrijk", "Spanje", "Italië", "Portugal", "Polen", "Roemenië",
    "Bulgarije", "Hongarije", "Oekraïne", "Rusland", "Turkije", "Marokko", "Algerije", "Tunesië", "Egypte",
    "Syrië", "Irak", "Iran", "Afghanistan", "Pakistan", "India", "China", "Indonesië", "Eritrea",
    "Ethiopië", "Somalië", "Sudan", "Jemen", "Nigeria", "Ghana", "Suriname", "Curaçao", "Aruba",
    "Bonaire", "Engeland", "Ierland", "Griekenland", "Servië", "Bosnië", "Kroatië", "Albanië",
)  # fmt: skip

# Role words: never a name, and taken off the front of a name ("juf [naam]", "pleegvader [naam]").
# A capitalised word right after one of these is read as a name even when deduce does not know it.
ROLE_WORDS = (
    "moeder", "vader", "mama", "papa", "mam", "pap", "ouder", "ouders", "stiefmoeder", "stiefvader",
    "pleegmoeder", "pleegvader", "pleegouder", "pleegouders", "pleegzoon", "pleegdochter", "pleegkind",
    "gezinshuisouder", "gezinshuisouders", "gezinshuismoeder", "gezinshuisvader", "gezinshuis",
    "oma", "opa", "tante", "oom", "neef", "nicht", "broer", "zus", "broertje", "zusje", "zoon", "dochter",
    "vriend", "vriendin", "vriendje", "vriendinnetje", "buurman", "buurvrouw", "collega",
    "mentor", "voogd", "gezinsvoogd", "jeugdbeschermer", "jeugdzorgwerker", "begeleider", "hulpverlener",
    "jeugdarts", "huisarts", "psycholoog", "psychiater", "orthopedagoog", "gedragswetenschapper",
    "casusregisseur", "leerkracht", "docent", "juf", "juffrouw", "meester", "directeur", "coach",
    "advocaat", "rechter", "kinderrechter", "wijkagent", "agent", "tolk", "logopedist", "therapeut",
    "meneer", "mevrouw", "heer", "jeugdbeschermer", "pleegzorgwerker", "ambulant", "behandelaar",
)  # fmt: skip

# Titles, often abbreviated with a full stop: "dhr. P. Smit", "mw. E. Kuipers".
TITLES = ("mevr", "mw", "mej", "dhr", "hr", "dr", "mr", "drs", "ir", "ing", "prof")

# Dutch words that are also first names in deduce's lists. In lower case, and as the first word of a
# sentence, they are words: "Mijn pleegzoon", "Rust en regelmaat", "Wil hij dat?", "Hoop doet leven",
# "Ben je er morgen?". Popular children's names (Roos, Merel, Mees, Fleur, Iris, Lot, Storm) are left
# out on purpose: at the start of a sentence in a case text they are far more often a child.
COMMON_WORDS = frozenset(
    _words(
        """
    aan aard adel al alle allen anders april augustus baan beer ben bent blaas bloem bouwen brand broer
    bruin burger cent constant dag dan de december dik door duurt engel ernst fan februari fee frank
    geloof gul gulden hang hart helder hoi hoop jarig januari jouw juli juni kas kerst kiem kin klaar
    kok koop lam lente lieve long maan maandag maart man mee mei men min mijn mus nadien november
    oktober onder ouwe parel per rijk rust september sla tak tien ton veer vos wil wilt win winter
    wolf zaterdag zomer zondag zus zusje zwaan dinsdag woensdag donderdag vrijdag tong toon
    """
    )
)

# First names in deduce's list that are also Dutch words (OpenTaal's word list, BSD/CC BY, intersected
# with deduce's first names once), less the children's and parents' names we do want to catch when
# someone writes them in lower case (kim, daan, roos, merel...). In lower case these are words:
# "max 2 uur", "op de rem", "een toon", "de kern". Used for lower-case text only.
LOWERCASE_WORDS = frozenset(
    _words(
        """
    aagje aalt aaltje aard aart aat abele ace adel adem adi adonis ale alen alia alien allen alp althea
    ama ambrosia amor anemoon angel angelus ani ank anno ante ara arden aren armen art aster ata attila
    augustijn aura aurelia aurora baaltje baartje bader balder bao baptist baptiste barbertje bars
    basten bate batje beate beert beertje bene bent beren berk berrie berthe bette bijou bilge bin bink
    bintje blaas blanche blue boet bonne bono bontje bora botje botte boy brand brandt brandy bren
    bruining brunette buddy cai candida candy caprice cara ceder ceel celesta cent cerise charisma chi
    chinook christin cinderella cis clarisse clementine constant corona costa dahlia darren date deejay
    deen deli dia dien dies diesel dille dillen dim dimmen ditje dixie doetje dolly domina domino dong
    dot douwtje duifje duurt earl ebbe ebo ede eerde egge eibertje eit elan elco elger emo engel
    engeltje enne eppe eren ernst eros espen evertje faas fake fan fee feite femme fender feng fenneken
    fin fine flint flip flo flor florijn fop fox franc franca franco franke fransje geeltje geertje gelt
    gene genesis ger gerit germ gerold geurt geurtje goof grietje gul gulden gunter gus hager hai han
    hang har haring hebe hee hei helle hellen heng hens herwin hinde hing hitje hok hope horst hortensia
    hou hub hui huig iet imme indigo ino islam iva izabel jantje janus jarig jazz jazzy jeep jen jent
    jersey jetje jihad julienne jun junior jura kaan kader kalle kam kar kardelen karst kas kawa kaïn
    kea kee keesje keet kei kerst kersten khan kick kiek kiem kien kier kik kin kina king kit kniertje
    koene koert kommer koop kor kornel kristen kwint kwinten laas lam lava lee leen lei lelie lente
    lenze lette lev liane liesje lieve lieven lijntje lila lino linze lio lion lis loet lok lolita long
    lori lotus louw lubbert lucky luis luit lumen lutje lux lyra maagje maatje macha made madonna mana
    manna manou mans mar mare maren margarita margriet marien marine marines marlen marlijn mart martini
    martino master mat matje mats max maxima maxwell mazen mea meander medina mee meg meis meiske
    melodie mensje ment mica mie miep mies mietje mignon mijntje mik mille mindert mine mini mink minne
    mint mitra mus naatje nada nadien nam nanny napoleon nardus nas nel nestor nies niesje nik nil ninja
    noes nonna nori normen ouwe paddy parel pari pax peer peet peetje pel pep pepita perpetua persad
    petertje pierrette piertje pietje pietsje ping pip pita pluk pol pom poppy prudent pui puk queenie
    raaf raf ram ramadan ramin rani raven rea reef reine reiner reinette rem rende rex richel richt riek
    rietje riff rijmpje rijn rim rink rins rinse rio robijn roef roemer rombout romein rong ronin roosje
    rosmarijn rosé rover rui rune rut sage sake samsam sang sari sas savanne schalk sela sema sen sent
    sep sera serge serve servet shanty sharen sibbe siena siert sim sima sint sippe sissy siërra sjerp
    sjirk sjonnie skip sla sol soleil son spike splinter stans star steef sten stern stoffel stoffer sui
    sultan tai take tam tamme tan tao tea terra tes tiara tibbe tijm timber timen tin tjerk ton tong
    toon toontje tori torsten tos trees trijntje tromp truitje tuba tuur uiltje vesper vieve vin
    violette vishal vita vlinder volken vrouwtje waling walt wan wang wart wei wen wende wester wieberen
    wiek wiep wies wigger wijntje wik wikke wille willie wilt win wisse witte wolfram yang yen yens yin
    yoni yuan zeenat zen zier zoetje zusje zwaan zwaantje zweer zwier
    """
    )
)

# --- What deduce's name lists lack ---------------------------------------------------------------------

# First names of children and parents in Dutch youth care that deduce's list (Dutch registers) lacks:
# Eritrean, Ethiopian, Somali, Syrian, Afghan, Polish, Turkish, Balkan and West African names, and
# Dutch spellings of popular names. Added to deduce's first-name list when it is built.
EXTRA_FIRST_NAMES = (
    "Abrehet", "Biniam", "Dawit", "Eyob", "Feven", "Filmon", "Haben", "Hagos", "Kibrom", "Kidane",
    "Luam", "Mehari", "Merhawi", "Mussie", "Rahwa", "Robel", "Selam", "Semhar", "Senait", "Tekle",
    "Tesfay", "Tsega", "Winta", "Yohannes", "Yonas", "Yordanos", "Nahom", "Saron", "Aster", "Mebrahtu",
    "Deqa", "Fartun", "Hibaaq", "Hodan", "Ubah", "Mahad", "Liban", "Idil", "Farhiya", "Warsame",
    "Batoul", "Ghazal", "Joud", "Qusai", "Rahaf", "Shahed", "Tareq", "Yamen", "Yazan", "Bushra", "Leen",
    "Sediqa", "Parwin", "Zohal", "Wahid", "Mahdi", "Sakina",
    "Kacper", "Oliwia", "Wiktoria", "Szymon", "Wojciech", "Weronika", "Paweł", "Michał", "Łukasz",
    "Małgorzata", "Bartosz", "Mateusz", "Zuzanna", "Dawid", "Kinga", "Patrycja",
    "Ömer", "Özlem", "Ümit", "Şükrü", "Büşra", "Kübra", "Sümeyye", "Hüseyin", "Gülşen", "Ecrin", "Eymen",
    "Dženana", "Dimitar", "Georgi", "Dmytro", "Olena", "Oksana", "Mihai", "Ioana", "Vlad",
    "Adjoa", "Esi", "Chidi", "Ngozi", "Obinna", "Ousmane", "Ibrahima",
    "Dewayne", "Dejaney", "Djayden", "Jaydy", "Jaylano", "Shaniqua", "Jaïr",
)  # fmt: skip

# Surnames deduce's list (Dutch registers) lacks; after a first name deduce finds most surnames anyway.
EXTRA_SURNAMES = (
    "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Doğan", "Aydın", "Arslan", "Koç",
    "El Amrani", "Benali", "Ouali", "Tahiri", "Boumediene", "El Idrissi", "Bouzid", "Haddou",
    "Haile", "Tesfaye", "Gebremedhin", "Tekle", "Abraha", "Mohamud", "Warsame", "Nowak", "Kowalski",
    "Wiśniewski", "Wójcik", "Kowalczyk", "Popescu", "Đorđević", "Hodžić", "O'Brien", "Ramdin", "Martina",
)  # fmt: skip

# --- Schools ----------------------------------------------------------------------------------------

# Kinds of school, written before a school's name: "basisschool De Wilgen", "obs De Klimop".
SCHOOL_TYPES = (
    "basisschool", "school", "obs", "cbs", "rkbs", "pcbs", "ikc", "kindcentrum", "sbo", "so", "vso",
    "speciale school", "speciaal basisonderwijs", "montessorischool", "daltonschool", "jenaplanschool",
    "vrijeschool", "vrije school", "praktijkschool", "scholengemeenschap", "mavo", "havo", "vwo", "vmbo",
    "lyceum", "gymnasium", "college", "roc", "mbo", "kinderopvang", "bso", "kdv", "peuterspeelzaal",
    "opvang", "kinderdagverblijf",
)  # fmt: skip

# Words that end a school's name: "Griftland College", "het Stedelijk Gymnasium", "Wilhelminaschool".
SCHOOL_SUFFIXES = ("school", "college", "lyceum", "gymnasium", "scholengemeenschap", "campus", "academie")

# Words around a name that tell it is a school: "zit op De Regenboog", "de juf van De Zonnebloem".
SCHOOL_CONTEXT = (
    "zit op", "zat op", "zitten op", "zaten op", "ging naar", "gaat naar", "gaan naar", "naar school",
    "juf", "meester", "mentor", "leerkracht", "intern begeleider", "ib'er", "klas", "groep", "school",
    "onderwijs", "leerling", "rapport", "schorsing", "geschorst", "ingeschreven", "aangemeld",
)  # fmt: skip

# Words before a name that tell it is a place where a child lives or is cared for.
CARE_PLACE_TYPES = (
    "gezinshuis", "woongroep", "leefgroep", "zorgboerderij", "crisisopvang", "instelling", "kliniek",
    "behandelgroep", "logeerhuis", "kamertraining",
)  # fmt: skip
