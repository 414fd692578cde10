# Dates as Arabic writes them (day, month, year) and times on the 24-hour clock that
# agendas and minutes use. Django's Arabic locale has no date-and-time format, so its
# default ("N j, Y, P": "ديسمبر 9, 2026, 2 م") was shown.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y، H:i"
TIME_FORMAT = "H:i"
