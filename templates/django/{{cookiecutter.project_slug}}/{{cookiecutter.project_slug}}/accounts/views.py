from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.urls import reverse_lazy
from django.views.generic import CreateView, TemplateView

from .forms import SignUpForm


class SignUpView(CreateView):
    """Create an account and sign it in at once."""

    form_class = SignUpForm
    template_name = "registration/signup.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form: SignUpForm) -> HttpResponse:
        response = super().form_valid(form)
        # The user has just chosen the password: no need to type it again.
        login(self.request, self.object, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(self.request, "Welcome! Your account is ready.")
        return response


class ProfileView(LoginRequiredMixin, TemplateView):
    """The signed-in user's page; anonymous visitors are sent to the login page."""

    template_name = "registration/profile.html"
