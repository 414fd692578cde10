"""Pages of the relations app."""

app_name = "relations"
urlpatterns: list = []
