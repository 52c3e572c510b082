"""The weekly war room on a big screen: full screen, dark, slides paged with a clicker."""
