"""The only SQLAlchemy package: schema, engine, queries and migrations. ORM objects stay here."""
