# The site's English is British, as the region's partners write it: "15 June 2022", where
# Django's English says "June 15, 2022". The other formats stay Django's.
DATE_FORMAT = "j F Y"
