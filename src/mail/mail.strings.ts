/**
 * The Mailbox's words, in both languages; src/strings.ts merges every feature's table.
 * `{name}` is filled from the parameters; a key ending in `_one` is used when `count` is 1.
 * A refusal's English text is what the JSON API answers, word for word.
 */
const en = {
  'mailbox.sinkRunning': 'What the embedded SMTP sink received: nothing here left the machine.',
  'mailbox.viaRelay':
    'Mail goes to the SMTP relay in SMTP_URL; this page lists only what an embedded sink received earlier.',
  'mailbox.outbox': 'Outbox:',
  'mailbox.queued': 'queued',
  'mailbox.sending': 'sending',
  'mailbox.sent': 'sent',
  'mailbox.deadLetters': 'dead letters',
  'mailbox.deadTitle': 'Dead letters',
  'mailbox.deadHelp': 'The receiving server refused these for good (5xx), or they failed every retry.',
  'mailbox.to': 'To',
  'mailbox.from': 'From',
  'mailbox.template': 'Template',
  'mailbox.attempts': 'Attempts',
  'mailbox.lastError': 'Last error',
  'mailbox.retry': 'Retry',
  'mailbox.retryTo': 'message to {0}',
  'mailbox.retried': 'The message is queued again.',
  'mailbox.received': 'Received',
  'mailbox.receivedAt': 'Received',
  'mailbox.subject': 'Subject',
  'mailbox.attachments': 'Attachments',
  'mailbox.attachmentInfo': '({0}, {1} bytes)',
  'mailbox.noSubject': '(no subject)',
  'mailbox.masked':
    "Links that carry a member's secret (RSVP, unsubscribe) are masked: whoever holds one acts as that member. Admins see them working.",
  'mailbox.empty': 'Nothing received yet. Messages appear here as soon as the app sends them.',
  'mailbox.arrivedTimes':
    'arrived {0} times with this Message-ID (resent after the sender could not know the first one arrived; kept once)',
  'mailbox.messageId': 'Message-ID',
  'mailbox.html': 'HTML',
  'mailbox.htmlFrame': 'The message as HTML',
  'mailbox.plainText': 'Plain text',
  'mailbox.headers': 'Headers',
  'mailbox.noAttachment': 'There is no such attachment.',
  'mailbox.noMessage': 'There is no mailbox message {id}.',
  'task.deadLetters': '{count} emails could not be delivered (dead letters): retry them from the Mailbox',
  'task.deadLetters_one': '1 email could not be delivered (a dead letter): retry it from the Mailbox',
};

const zhCN: Record<keyof typeof en, string> = {
  // Mailbox
  'mailbox.sinkRunning': '内置 SMTP 接收器收到的邮件：这里的邮件都没有离开本机。',
  'mailbox.viaRelay': '邮件经 SMTP_URL 中设置的 SMTP 中继发出；本页只列出内置接收器此前收到的邮件。',
  'mailbox.outbox': '发件队列：',
  'mailbox.queued': '待发送',
  'mailbox.sending': '发送中',
  'mailbox.sent': '已发送',
  'mailbox.deadLetters': '投递失败',
  'mailbox.deadTitle': '投递失败的邮件',
  'mailbox.deadHelp': '收件服务器永久拒收了这些邮件（5xx），或所有重试均已失败。',
  'mailbox.to': '收件人',
  'mailbox.from': '发件人',
  'mailbox.template': '模板',
  'mailbox.attempts': '尝试次数',
  'mailbox.lastError': '最近错误',
  'mailbox.retry': '重试',
  'mailbox.retryTo': '发给 {0} 的邮件',
  'mailbox.retried': '邮件已重新进入发送队列。',
  'mailbox.received': '收到的邮件',
  'mailbox.receivedAt': '收到时间',
  'mailbox.subject': '主题',
  'mailbox.attachments': '附件',
  'mailbox.attachmentInfo': '（{0}，{1} 字节）',
  'mailbox.noSubject': '（无主题）',
  'mailbox.masked':
    '带有会员密钥的链接（回复邀请、退订）已隐藏：持有链接者即可以该会员身份操作。管理员可看到可用的链接。',
  'mailbox.empty': '还没有收到邮件。应用一发出邮件，就会显示在这里。',
  'mailbox.arrivedTimes': '以同一 Message-ID 收到 {0} 次（发件方无法确认第一封已送达而重发；只保留一份）',
  'mailbox.messageId': 'Message-ID',
  'mailbox.html': 'HTML 版本',
  'mailbox.htmlFrame': '邮件的 HTML 版本',
  'mailbox.plainText': '纯文本',
  'mailbox.headers': '邮件头',
  'mailbox.noAttachment': '没有这个附件。',
  'mailbox.noMessage': '邮件页中没有编号为 {id} 的邮件。',
  'task.deadLetters': '{count} 封邮件无法投递（死信）：请在邮箱页面重试',
  'task.deadLetters_one': '1 封邮件无法投递（死信）：请在邮箱页面重试',
};

export const mailStrings = { en, 'zh-CN': zhCN };
