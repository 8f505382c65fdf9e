"""Norway (NAV): the nav_no jurisdiction plugin."""
