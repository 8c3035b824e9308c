"""The optional LLM step: client, structured output, cache, costs, grounding gate, research."""
