"""Deduce, the Dutch clinical de-identification library (LGPL-3.0, Menger et al. 2017), set up for the
privacy screen of case texts. Used only by ``intervisie.cases.privacy``; never log a match.

Built as the library ships it, deduce holds about 1.1 GB and takes some 10 s to load, and it writes a
77 MB cache into its own package folder. Almost all of that is two lookup lists the screen does not
need: 310,000 street names (streets are found by their endings and a house number instead) and 49,000
care institutions (the sector's own organisations are exactly what the screen must leave alone). So we
build only the lists the annotators below use: first names, surnames, initials, interfixes, titles,
the common-word whitelist, places and hospitals; that takes about 1 s and some 30 MB. The result is
pickled under ``PRIVACY_CACHE_DIR`` (``DATA_DIR/privacy``), never in site-packages, which may be
read-only in CI and production. Loaded lazily, once per process, under a lock.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import logging
import os
import pickle
import tempfile
import threading
import unicodedata
from pathlib import Path

from django.conf import settings

from intervisie.cases import privacy_terms

logger = logging.getLogger(__name__)

# The lookup lists (folders under deduce/data/lookup/src) that the annotators below need.
_LISTS = (
    "names/lst_first_name",
    "names/lst_initial",
    "names/lst_interfix",
    "names/lst_interfix_surname",
    "names/lst_prefix",
    "names/lst_surname",
    "whitelist/lst_common_word",  # not lst_medical_term: it would strike Ilias, Amine, Erin, Dex...
    "whitelist/lst_stop_word",  # off the first-name list, and case texts are no medical records
    "locations/lst_placename/lst_municipality",  # not lst_province, lst_region: too broad to identify
    "locations/lst_placename/lst_residence",
    "institutions/lst_hospital",
    "institutions/lst_hospital_abbr",
)

# deduce's base_config.json annotators we leave out, and why:
_LEFT_OUT = {
    "street_lookup",  # 310,000 streets: most of the memory; street endings + house number instead
    "institution",  # 49,000 care institutions: the sector's own names, never personal data here
    "eponymous_disease",  # medical text only
    "patient_name",  # needs the patient's name as metadata; we have none
    "age",  # ages are what we ask people to write instead of a birth date
    "bsn",  # one BSN check: python-stdnum's 11-proef in privacy.py
    "identifier",  # any 7+ digits: too many false alarms in case texts
}

_lock = threading.Lock()
_screen = None
_tags = {
    "persoon": "name",
    "patient": "name",
    "locatie": "location",
    "ziekenhuis": "institution",
    "datum": "date",
    "telefoonnummer": "phone",
    "emailadres": "email",
    "url": "url",
}


class _FoldedCase:
    """A matching step for names: "Şükrü Yılmaz" finds "Sukru Yilmaz" in the lists. deduce's own
    ReplaceNonAsciiCharacters drops letters it cannot decompose (ı, ł, đ), so "Yılmaz" would become
    "Ylmaz"; this maps them first. A plain module-level class (docdeid only calls ``process``), so the
    pickled lists can refer to it without importing docdeid at start-up."""

    _MAP = str.maketrans({"ı": "i", "İ": "I", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O"})

    def process(self, item: str) -> str:
        if item.isascii():
            return item  # nearly every word: skip the work (this runs for each word of each text)
        return _fold(item)


@functools.lru_cache(maxsize=4096)
def _fold(item: str) -> str:
    text = unicodedata.normalize("NFD", item.translate(_FoldedCase._MAP))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _import_deduce():
    """Import deduce without its side effect: deduce.deduce calls ``logging.basicConfig`` at
    DEBUG level on import, which would turn on debug logging for the whole process."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        import deduce.deduce as module
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    return module


def _config(base_config_file: Path) -> dict:
    config = json.loads(base_config_file.read_text(encoding="utf-8"))
    config["annotators"] = {
        name: annotator for name, annotator in config["annotators"].items() if name not in _LEFT_OUT
    }
    return config


# Raise when _build_lookups changes in a way the cache key cannot see.
_BUILD_VERSION = 1


def _cache_key(version: str, config: dict) -> str:
    """Changes when deduce, its configuration, our extra names or our way of building change."""
    source = json.dumps(
        [
            _BUILD_VERSION,
            version,
            config,
            sorted(privacy_terms.EXTRA_FIRST_NAMES),
            sorted(privacy_terms.EXTRA_SURNAMES),
            _LISTS,
        ],
        sort_keys=True,
    )
    return hashlib.sha256(source.encode()).hexdigest()[:16]


def _build_lookups(dd_module):
    """Deduce's lookup structures, only for the lists in ``_LISTS`` (about 1 s)."""
    import docdeid as dd
    from deduce import lookup_struct_loader as loaders
    from deduce.lookup_structs import load_raw_itemsets
    from deduce.utils import apply_transform, optional_load_json

    path = dd_module._LOOKUP_LIST_PATH
    tokenizer = dd_module.Deduce._initialize_tokenizer(path)
    raw = load_raw_itemsets(base_path=path, subdirs=list(_LISTS))
    # deduce names each list after its last folder; the loaders expect "placename", with the spelling
    # variants ("Sint"/"St.", "'s-Hertogenbosch"/"Den Bosch") that deduce adds for all its place lists.
    places = raw.pop("municipality") | raw.pop("residence")
    transform = optional_load_json(path / "src" / "locations" / "lst_placename" / "transform.json")
    raw["placename"] = apply_transform(places, transform)
    raw["medical_term"] = set()
    raw["first_name"] |= set(privacy_terms.EXTRA_FIRST_NAMES)
    raw["surname"] |= set(privacy_terms.EXTRA_SURNAMES)

    lookups = dd.ds.DsCollection()
    for name in ("initial", "interfix_surname"):
        lookups[name] = dd.ds.LookupSet()
        lookups[name].add_items_from_iterable(raw[name])
    lookups["prefix"] = loaders.load_prefix_lookup(raw)
    lookups["interfix"] = loaders.load_interfix_lookup(raw)
    lookups["whitelist"] = loaders.load_whitelist_lookup(raw)
    # One pipeline object for both lists: docdeid caches the folded words of a text per pipeline.
    fold = [_FoldedCase()]
    for name, loader in (
        ("first_name", loaders.load_first_name_lookup),
        ("surname", loaders.load_surname_lookup),
    ):
        names = loader(raw, tokenizer)
        folded = dd.ds.LookupTrie(matching_pipeline=fold)
        _copy_trie(names, folded, [])
        lookups[name] = folded
    lookups["placename"] = loaders.load_placename_lookup(raw, tokenizer)
    lookups["hospital"] = loaders.load_hospital_lookup(raw, tokenizer)
    return tokenizer, lookups


def _copy_trie(source, target, prefix: list[str]) -> None:
    if source.is_terminal:
        target.add_item(prefix)
    for token, child in source.children.items():
        _copy_trie(child, target, [*prefix, token])


def _load_or_build(cache_dir: Path):
    dd_module = _import_deduce()
    version = importlib.metadata.version("deduce")
    config = _config(dd_module._BASE_CONFIG_FILE)
    cache_file = cache_dir / f"deduce-{version}-{_cache_key(version, config)}.pickle"
    try:
        # Our own file in DATA_DIR, which also holds the SECRET_KEY: as trusted as the code.
        with cache_file.open("rb") as file:
            tokenizer, lookups = pickle.load(file)  # noqa: S301
    except Exception:  # missing, half-written or from older code: build it again
        tokenizer, lookups = _build_lookups(dd_module)
        _write_cache(cache_file, (tokenizer, lookups))
    return _make_screen(dd_module, config, tokenizer, lookups)


def _write_cache(cache_file: Path, data) -> None:
    """Write atomically (two processes may build at once); a read-only DATA_DIR only costs time."""
    temporary = None
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        for old in cache_file.parent.glob("deduce-*.pickle"):
            old.unlink(missing_ok=True)  # built by an older version or configuration
        handle, temporary = tempfile.mkstemp(dir=cache_file.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as file:
            pickle.dump(data, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.chmod(temporary, 0o644)  # public word lists; readable by a web process under another user
        os.replace(temporary, cache_file)
    except OSError as exc:
        if temporary:
            Path(temporary).unlink(missing_ok=True)
        logger.warning(
            "Privacy screen: could not cache deduce's lookup lists in %s (%s)", cache_file.parent, exc
        )


def _make_screen(dd_module, config: dict, tokenizer, lookups):
    import docdeid as dd
    from frozendict import frozendict

    screen = dd.DocDeid()
    screen.tokenizers = {"default": tokenizer}
    screen.processors = dd_module._DeduceProcessorLoader().load(
        config=frozendict(config), extras={"tokenizer": tokenizer, "ds": lookups}
    )
    # We only need the annotations, not deduce's redacted copy of the text.
    screen.processors["post_processing"].remove_processor("redactor")
    screen.lookups = lookups
    return screen


def get_screen():
    """The configured deduce instance of this process, built or loaded on first use."""
    global _screen
    if _screen is None:
        with _lock:
            if _screen is None:
                _screen = _load_or_build(Path(settings.PRIVACY_CACHE_DIR))
    return _screen


def annotate(text: str) -> list[tuple[str, int, int]]:
    """deduce's findings as (kind, start, end), kind one of: name, location, institution, date, phone,
    email, url."""
    document = get_screen().deidentify(text)
    return [
        (_tags[annotation.tag], annotation.start_char, annotation.end_char)
        for annotation in document.annotations
        if annotation.tag in _tags
    ]


def is_first_name(word: str) -> bool:
    return [word] in get_screen().lookups["first_name"]


def is_surname(word: str) -> bool:
    return [word] in get_screen().lookups["surname"]


def is_common_word(word: str) -> bool:
    """In deduce's whitelist: the 1,000 most frequent Dutch words, stop words and medical terms."""
    return word in get_screen().lookups["whitelist"]
