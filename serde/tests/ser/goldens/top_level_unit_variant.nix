"Off"
