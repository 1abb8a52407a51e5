# The backends the service forwards to.
[
  { name = "catalog"; url = "http://catalog.shop.internal"; weight = 2; }
  { name = "payments"; url = "http://payments.shop.internal"; weight = 1; }
]
