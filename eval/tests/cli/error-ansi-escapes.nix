# stderr is not a terminal here: the colour codes of the message are
# removed from the error text, as C++ Nix does.
throw "[1;31mred[0m message"
