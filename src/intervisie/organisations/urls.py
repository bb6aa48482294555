app_name = "organisations"
urlpatterns = []
