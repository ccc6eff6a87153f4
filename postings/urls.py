app_name = "postings"

urlpatterns: list = []
