"""Questions people might ask about the seed article (shared by several tests)."""

SEED_QUESTIONS = [
    "Who is Simon Bailey?", "What did he say about 5G?", "What should the public do?",
    "Which firms have the technology to eradicate indecent images?",
    "What did the Government announce last month?", "What are the fines like?",
    "What is the problem with the dark web?", "What is in every playground?",
    "What did he say about paedophile hunters?", "Why are vigilante groups a problem?",
    "Who is desensitised?", "What will damage the brand?", "Who wrote the article?",
    "Which newspaper published it?", "What is the title?", "How many people viewed images?",
    "When did the Government announce plans?", "Who campaigned for Duty of Care laws?",
    "What happened to people who were blackmailed?",
]
