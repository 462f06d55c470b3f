from django.urls import path

from referrals import views

urlpatterns = [
    path("", views.request_follow_up, name="request_follow_up"),
    path("received/<str:receipt>/", views.follow_up_received, name="follow_up_received"),
]
