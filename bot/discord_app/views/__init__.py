"""Discord UI: answer buttons, confirmation and pagination views."""
