"""科技金融: funds, investors and financial products matched with firms' financing needs; the 科技型中小企业 score."""
