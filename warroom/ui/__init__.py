"""The only PySide6 package: windows, views, item models and the operation runner."""
