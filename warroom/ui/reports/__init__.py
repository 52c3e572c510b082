"""PDF reports and printing, drawn with Qt's own PDF writer (no browser, no external program)."""
