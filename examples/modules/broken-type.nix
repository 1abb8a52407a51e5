# A definition of the wrong type: the port is a string.
{
  services.web.port = "eighty";
  database.url = "postgres://localhost/shop";
}
