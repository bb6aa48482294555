"""Users (e-mail login), roles, register numbers, MFA rules, platform admins, deletion."""
