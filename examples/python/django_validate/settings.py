"""Minimal Django settings for the validate_hl7 example: one app, no database."""

SECRET_KEY = "example-only-not-a-secret"
DEBUG = False
INSTALLED_APPS = ["hl7check"]
DATABASES: dict = {}
USE_TZ = True
