# hasContext takes strings only.
builtins.hasContext 1
