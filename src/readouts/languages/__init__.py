"""Russian and Chinese: the language-specific readers of readouts."""
