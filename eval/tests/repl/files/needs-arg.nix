{ required }: { inherit required; }
