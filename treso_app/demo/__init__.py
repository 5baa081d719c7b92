"""The demo company: a believable plumbing-heating SARL, generated deterministically."""
