# Day-month-year, as parliaments of the region write English, and the 24-hour clock of
# agendas and minutes (Django's default was "Dec. 9, 2026, 2 p.m.").
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
TIME_FORMAT = "H:i"
