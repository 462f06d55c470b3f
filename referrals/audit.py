"""The audit trail's read actions: Wagtail logs writes itself; views, searches, exports and refused
attempts on personal records are logged here, labelled by reference code only."""
