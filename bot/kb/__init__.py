"""The knowledge engine: articles in, cited verbatim answers out. Never imports discord."""

from bot.kb.answer import Answerer
from bot.kb.build import build_knowledge_base
from bot.kb.errors import KnowledgeError, Problem
from bot.kb.result import Answer, Excerpt, Hit
from bot.kb.snapshot import KnowledgeBase

__all__ = ["Answer", "Answerer", "Excerpt", "Hit", "KnowledgeBase", "KnowledgeError", "Problem",
           "build_knowledge_base"]
