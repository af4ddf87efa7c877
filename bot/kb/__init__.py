"""The knowledge engine: articles in, cited verbatim answers out. Never imports discord."""

from bot.kb.answer import Answer, Answerer, Excerpt, Hit
from bot.kb.errors import KnowledgeError, Problem
from bot.kb.snapshot import KnowledgeBase, build_knowledge_base

__all__ = ["Answer", "Answerer", "Excerpt", "Hit", "KnowledgeBase", "KnowledgeError", "Problem",
           "build_knowledge_base"]
