{
  name = "shop-api";
  listen = {
    address = "0.0.0.0";
    port = 8080;
  };
  workers = 8;
  features = [ "checkout" "recommendations" ];
  upstreams = [
    {
      name = "catalog";
      url = "http://catalog.production.shop.internal";
      weight = 1;
      healthCheck = "/healthz";
    }
    {
      name = "payments";
      url = "http://payments.production.shop.internal";
      weight = 2;
      healthCheck = null;
    }
  ];
  tls = {
    Tls = {
      cert = "/etc/ssl/shop.pem";
      key = "/etc/ssl/shop.key";
    };
  };
  headers = {
    Strict-Transport-Security = "max-age=63072000";
    X-Frame-Options = "DENY";
  };
  cache = null;
}
