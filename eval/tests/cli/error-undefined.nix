[ 1 undefinedVariable ]
