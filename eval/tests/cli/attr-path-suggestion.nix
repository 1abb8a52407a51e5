{ services = { nginx = { }; nginy = { }; }; }
