app_name = "accreditation"
urlpatterns = []
