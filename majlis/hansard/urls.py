"""Pages of the hansard app."""

app_name = "hansard"
urlpatterns: list = []
