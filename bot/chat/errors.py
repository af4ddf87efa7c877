"""One error handler for app commands; one for chat messages."""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from bot.chat.render import NO_MENTIONS

log = logging.getLogger(__name__)

APOLOGY = "Sorry, something went wrong on my side. The moderators can find it in the logs."


class UserFacingError(app_commands.AppCommandError):
    """A known problem whose message is shown to the user as it is."""


class NotModerator(app_commands.CheckFailure):
    """A /kb command from someone who is not a moderator."""


class OnCooldown(app_commands.AppCommandError):
    def __init__(self, retry_after: float) -> None:
        self.retry_after = retry_after
        super().__init__(cooldown_message(retry_after))


def cooldown_message(retry_after: float) -> str:
    seconds = max(1, round(retry_after))
    return f"You're asking quickly: please wait {seconds} s and try again."


def explain(error: Exception) -> str | None:
    """A short explanation for a known problem, or None for an unexpected one."""
    if isinstance(error, app_commands.CommandInvokeError):
        error = error.original
    if isinstance(error, UserFacingError | OnCooldown):
        return str(error)
    if isinstance(error, app_commands.CommandOnCooldown):
        return cooldown_message(error.retry_after)
    if isinstance(error, NotModerator | app_commands.MissingPermissions | app_commands.MissingAnyRole):
        return ("Only moderators can use this command: members with the Manage Server "
                "permission or a moderator role.")
    if isinstance(error, app_commands.NoPrivateMessage):
        return "This command works only in a server."
    if isinstance(error, app_commands.CheckFailure):
        return "You can't use this command here."
    return None


async def tell(interaction: discord.Interaction, text: str) -> None:
    """Send an ephemeral line, whether or not the interaction was answered already."""
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_MENTIONS)
        else:
            await interaction.response.send_message(text, ephemeral=True,
                                                    allowed_mentions=NO_MENTIONS)
    except discord.HTTPException:
        log.warning("could not tell the user about an error (interaction %s)", interaction.id)


async def handle_interaction_error(interaction: discord.Interaction, error: Exception) -> None:
    """Known problems get their explanation; anything else an apology and a log entry."""
    message = explain(error)
    if message is None:
        command = interaction.command.qualified_name if interaction.command else None
        custom_id = (interaction.data or {}).get("custom_id")
        log.exception("%s failed (guild %s, channel %s)",
                      f"app command {command}" if command else f"component {custom_id}",
                      interaction.guild_id, interaction.channel_id, exc_info=error)
        message = APOLOGY
    await tell(interaction, message)


class CitebotTree(app_commands.CommandTree):
    """The command tree, with the one error handler for app commands."""

    async def on_error(self, interaction: discord.Interaction,
                       error: app_commands.AppCommandError) -> None:
        await handle_interaction_error(interaction, error)


async def report_message_error(message: discord.Message, error: Exception) -> None:
    """The chat error handler: log with ids, apologise briefly in the channel."""
    log.exception("chat answer failed (guild %s, channel %s, message %s)",
                  message.guild.id if message.guild else None, message.channel.id, message.id,
                  exc_info=error)
    try:
        await message.reply(APOLOGY, mention_author=False, allowed_mentions=NO_MENTIONS)
    except discord.HTTPException:
        log.warning("could not apologise in channel %s", message.channel.id)
