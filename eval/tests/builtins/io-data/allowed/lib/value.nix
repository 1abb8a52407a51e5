{ value = 1; }
