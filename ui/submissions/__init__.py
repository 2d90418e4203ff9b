"""上报与导入: packages received and sent, the board and the certificates."""
