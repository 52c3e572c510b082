"""pyqtgraph charts; imported only when a screen shows one (pyqtgraph costs ~400 ms)."""
