"""HSDS API paths exactly as the HSDS OpenAPI document writes them: no trailing slash, no redirect."""

from django.urls import path

from search.api import views

urlpatterns = [
    path("", views.root, name="hsds_root"),
    path("openapi.json", views.openapi, name="hsds_openapi"),
    path("services", views.services, name="hsds_services"),
    path("services/<str:id>", views.service, name="hsds_service"),
    path("organizations", views.organizations, name="hsds_organizations"),
    path("organizations/<str:id>", views.organization, name="hsds_organization"),
    path("taxonomies", views.taxonomies, name="hsds_taxonomies"),
    path("taxonomies/<str:id>", views.taxonomy, name="hsds_taxonomy"),
    path("taxonomy_terms", views.taxonomy_terms, name="hsds_taxonomy_terms"),
    path("taxonomy_terms/<str:id>", views.taxonomy_term, name="hsds_taxonomy_term"),
    path("service_at_locations", views.service_at_locations, name="hsds_service_at_locations"),
    path("service_at_locations/<str:id>", views.service_at_location, name="hsds_service_at_location"),
]
