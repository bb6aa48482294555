from ninja import NinjaAPI

api = NinjaAPI(title="Intervisiewijzer API", version="1.0.0")
