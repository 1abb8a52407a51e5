# A definition of an option the schema does not declare (a typo).
{
  services.web.prot = 8080;
  database.url = "postgres://localhost/shop";
}
