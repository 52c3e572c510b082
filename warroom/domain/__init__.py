"""Pure rules of the hunt: no Qt, no SQLAlchemy, time always passed in."""
