"""用户与安全 and 审计日志: users, login, passwords, encryption, backups."""
