"""Use cases joining the store and the domain; each edit returns what changed."""
