# A list containing itself cannot be written (C++ Nix 2.8 loops forever).
builtins.toXML (let x = [ x ]; in x)
