"""Sweden (Försäkringskassan): the fk_se jurisdiction plugin."""
