"a \"string\""
