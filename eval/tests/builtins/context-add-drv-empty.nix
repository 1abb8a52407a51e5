# addDrvOutputDependencies needs exactly one context element.
builtins.addDrvOutputDependencies ""
