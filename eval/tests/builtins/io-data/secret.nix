"the secret"
