from django.contrib.auth import views as auth_views
from django.urls import path

from majlis.core import views
from majlis.core.login import LoginForm

urlpatterns = [
    path("people/", views.people, name="people"),
    path("people/<int:pk>/", views.person, name="person"),
    path("bodies/", views.bodies, name="bodies"),
    path("bodies/<int:pk>/", views.body, name="body"),
    path("login/", auth_views.LoginView.as_view(template_name="core/login.html", authentication_form=LoginForm), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", views.account, name="account"),
    path("account/password/", auth_views.PasswordChangeView.as_view(template_name="core/password_change.html", success_url="/account/"), name="password_change"),
    path("account/totp/", views.totp_setup, name="totp_setup"),
    path("account/tokens/", views.api_tokens, name="api_tokens"),
]
