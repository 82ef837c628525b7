app_name = "cabinet"

urlpatterns: list = []
