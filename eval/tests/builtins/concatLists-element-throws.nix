builtins.concatLists [ [ 1 ] (throw "not a list yet") [ 2 ] ]
